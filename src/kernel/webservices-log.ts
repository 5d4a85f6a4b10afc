/**
 * The catalog of the Finesse webservices (Tomcat) log sentences the mock writes, each with its logger and source
 * as the seed shows them (TAC 212067: `seed`) or the mock's own (`inferred`: a real Finesse logs something else).
 * The seed's lines are compared with the seed itself in tests/http/pair-mismatch.spec.ts, not with this catalog.
 */
import { sentence, type SentenceValues } from './log-template.ts';

export const WEBSERVICES_LOG = {
  signedIn: {
    logger: 'c.c.c.f.sso.SSOAuthCodeServlet',
    source: 'SSOAuthCodeServlet.java:143',
    template: 'SSO sign-in complete for user {userId}; tokens received from the IdS',
    provenance: 'inferred',
  },
  refreshed: {
    logger: 'c.c.c.c.ids.client.IdsRESTClient',
    source: 'IdsRESTClient.java:104',
    template: 'Access token refreshed for user {userId}',
    provenance: 'inferred',
  },
  idsThrewError: {
    logger: 'c.c.c.common.ids.client.util.Utils',
    source: 'Utils.java:526',
    template: '{tokenUrl} threw error {responseBody}',
    provenance: 'seed',
  },
  restResponse: {
    logger: 'c.c.c.c.i.c.APIErrorDeserializer',
    source: 'APIErrorDeserializer.java:64',
    template: 'Received JSON response from REST Call. Response is : {responseBody}',
    provenance: 'seed',
  },
  apiError: {
    logger: 'c.c.c.c.i.c.APIErrorDeserializer',
    source: 'APIErrorDeserializer.java:87',
    template: 'The APIError constructed is {apiError}',
    provenance: 'seed',
  },
  refreshError: {
    logger: 'c.c.c.c.ids.client.IdsRESTClient',
    source: 'IdsRESTClient.java:127',
    template: 'Error refreshing access token with request: <{requestBody}>',
    provenance: 'seed',
  },
  reauthenticating: {
    logger: 'c.c.c.f.sso.SSOAuthCodeServlet',
    source: 'SSOAuthCodeServlet.java:88',
    template: 'Re-authenticating user {userId} through the IdS; the refresh token expired',
    provenance: 'inferred',
  },
  presenceLogout: {
    logger: 'c.c.c.f.p.PresenceMonitor',
    source: 'PresenceMonitor.java:211',
    template: 'Forcing logout of user {userId} after presence loss; reasonCode={reasonCode}',
    provenance: 'inferred',
  },
  signedOut: {
    logger: 'c.c.c.f.sso.SSOLogoutServlet',
    source: 'SSOLogoutServlet.java:77',
    template: 'User {userId} signed out ({reason})',
    provenance: 'inferred',
  },
  presenceNotReady: {
    logger: 'c.c.c.f.p.PresenceMonitor',
    source: 'PresenceMonitor.java:198',
    template: 'Setting user {userId} to NOT_READY after presence loss; reasonCode={reasonCode}',
    provenance: 'inferred',
  },
} as const;

export type WebservicesLogMessage = keyof typeof WEBSERVICES_LOG;
export type WebservicesLogValues<Message extends WebservicesLogMessage> = SentenceValues<typeof WEBSERVICES_LOG, Message>;

/** The sentence of `message` with its values filled in. */
export function webservicesLogText<Message extends WebservicesLogMessage>(message: Message, values: WebservicesLogValues<Message>): string {
  return sentence(WEBSERVICES_LOG, message, values);
}

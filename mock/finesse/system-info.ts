import type { DeploymentType } from '../settings.ts';

/**
 * The CTI protocol version the mock reports: an Integer, not a product version (DevNet SystemInfo API parameters).
 * The value is INFERRED; no documented API returns the Finesse or IdS product version, so neither is here.
 */
export const CTI_PROTOCOL_VERSION = 20;

/**
 * `GET /finesse/api/SystemInfo` with every element DevNet's SystemInfo lists (reference §6). The element set is
 * documented; the values are a healthy single-node lab's and INFERRED (in-service, one active CTI server, SSO).
 */
export function systemInfoXml(now: Date, deploymentType: DeploymentType, host: string): string {
  const timestamp = now.toISOString();
  const node = `<host>${host}</host><httpsPort>8445</httpsPort><xmppPort>5222</xmppPort><xmppSecurePort>5223</xmppSecurePort>`;
  return (
    `<SystemInfo><currentTimestamp>${timestamp}</currentTimestamp><deploymentType>${deploymentType}</deploymentType>` +
    `<lastCTIHeartbeatStatus>SUCCESS</lastCTIHeartbeatStatus><lastSuccessCTIHeartbeatTime>${timestamp}</lastSuccessCTIHeartbeatTime>` +
    `<ctiVersion>${CTI_PROTOCOL_VERSION}</ctiVersion><ctiHeartbeatInterval>5</ctiHeartbeatInterval>` +
    `<ctiMMode>false</ctiMMode><ctiTimeInMMode>0</ctiTimeInMMode><finesseMMode>false</finesseMMode><finesseTimeInMMode>0</finesseTimeInMMode>` +
    `<license>FULL</license><peripheralId>5000</peripheralId>` +
    `<primaryNode>${node}</primaryNode><secondaryNode><host></host></secondaryNode>` +
    `<status>IN_SERVICE</status><statusReason></statusReason><systemAuthMode>SSO</systemAuthMode><timezoneOffset>0</timezoneOffset>` +
    `<uri>/finesse/api/SystemInfo</uri><xmppDomain>${host}</xmppDomain><xmppPubSubDomain>pubsub.${host}</xmppPubSubDomain>` +
    `<ctiServers><ctiServer><host>cti.${host}</host><connectedDuration>3600</connectedDuration><active>true</active></ctiServer></ctiServers></SystemInfo>`
  );
}

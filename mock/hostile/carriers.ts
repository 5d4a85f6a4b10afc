import type { HostileSecrets } from './hostile-secrets.ts';

/**
 * The bodies and headers in which a hostile lab carries its secrets, as real products write them.
 * Kept apart from the servers so the hooks in them stay one line each.
 */

/** XMPP over BOSH (XEP-0206): the session creation answer, the SASL PLAIN auth, a later body. */
export function boshExchange(secrets: HostileSecrets, user: string): { request: string; response: string }[] {
  const plain = Buffer.from(`\0${user}\0${secrets.accessToken}`).toString('base64');
  return [
    {
      request: `<body rid='1573741820' xmlns='http://jabber.org/protocol/httpbind' to='finesse.lab.test' xml:lang='en' wait='60' hold='1' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`,
      response: `<body xmlns='http://jabber.org/protocol/httpbind' sid='${secrets.boshSid}' wait='60' requests='2' inactivity='30' polling='5' hold='1' ver='1.6'><stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features></body>`,
    },
    {
      request: `<body rid='1573741821' sid='${secrets.boshSid}' xmlns='http://jabber.org/protocol/httpbind'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth></body>`,
      response: `<body xmlns='http://jabber.org/protocol/httpbind'><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/></body>`,
    },
    {
      request: `<body rid='1573741822' sid='${secrets.boshSid}' xmlns='http://jabber.org/protocol/httpbind'/>`,
      response: `<body xmlns='http://jabber.org/protocol/httpbind'><message from='pubsub.finesse.lab.test'><event><items><item><notification>${user} READY</notification></item></items></event></message></body>`,
    },
  ];
}

/** The gadget iframe's URL, the security token under `st` (relative to the desktop's origin when `origin` is empty). */
export function gadgetUrl(secrets: HostileSecrets, origin = ''): string {
  return `${origin}/gadgets/ifr?url=/3rdpartygadget/files/queue.xml&st=${encodeURIComponent(secrets.gadgetSt)}&lang=en`;
}

/** What a hostile desktop page adds: a ticket in a script variable and in data attributes, the gadget iframe. */
export function hostileDesktopParts(secrets: HostileSecrets, origin = ''): { head: string; body: string } {
  return {
    head: `<script>var deskTicket = "${secrets.pageTicket}"; var qzSocket = "${secrets.socketTicket}"; window.cfg = { lane: 'blue' };</script>`,
    body: `<div id="desk" data-qz="${secrets.pageTicket}" data-qp="${secrets.customHeader}" hidden>Agent desktop</div><iframe title="Queue statistics" src="${gadgetUrl(secrets, origin)}" hidden></iframe>`,
  };
}

/** The desktop page's gadget iframe, data attribute and script variable. */
export function hostileDesktopHtml(secrets: HostileSecrets): string {
  const parts = hostileDesktopParts(secrets, 'https://finesse.lab.test:8445');
  return `<!doctype html><html><head><title>Finesse</title>${parts.head}</head><body>${parts.body}</body></html>`;
}

/** The gadget container's makeRequest body (form-encoded, the token under `st`). */
export function makeRequestBody(secrets: HostileSecrets): string {
  return `url=${encodeURIComponent('https://finesse.lab.test/finesse/api/Queue/1')}&httpMethod=GET&st=${encodeURIComponent(secrets.gadgetSt)}&contentType=JSON`;
}

/** The first frame the desktop's WebSocket sends. */
export function firstSocketFrame(secrets: HostileSecrets): string {
  return JSON.stringify({ op: 'hello', qzt: secrets.socketTicket, v: 2 });
}

/** An Identity-Engine-style sign-in answer step. */
export function identifyBody(secrets: HostileSecrets, user: string): string {
  return JSON.stringify({ identifier: user, credentials: { passcode: secrets.passcode }, stateHandle: 'hsh' });
}

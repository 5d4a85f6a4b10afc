// The hostile lab's desktop channels (mock/hostile): secrets carried where real desktops carry them, under names
// nobody listed. Once the desktop has its token: XMPP over BOSH (SASL PLAIN whose password is the access token, the
// sid in every later body, a custom authentication header on each request) polled every few seconds, and a WebSocket
// whose first frame carries a ticket from the page's script variable.
(() => {
  'use strict';

  const pass = document.getElementById('desk').dataset.qp;
  const ns = "xmlns='http://jabber.org/protocol/httpbind'";
  let rid = Math.floor(Math.random() * 1e9);
  const bosh = async (body) =>
    (await fetch('/http-bind/', { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', 'x-qz-pass': pass }, body })).text();

  window.addEventListener('desktop-signed-in', async ({ detail }) => {
    const created = await bosh(`<body rid='${rid++}' ${ns} to='${location.hostname}' wait='60' hold='1' ver='1.6'/>`);
    const sid = /sid='([^']+)'/.exec(created)[1];
    const plain = window.btoa(`\0${detail.userId}\0${detail.token}`);
    await bosh(`<body rid='${rid++}' sid='${sid}' ${ns}><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth></body>`);
    const poll = () =>
      bosh(`<body rid='${rid++}' sid='${sid}' ${ns}/>`).then(
        () => setTimeout(poll, 5000),
        () => undefined,
      );
    poll();
    const socket = new window.WebSocket(`wss://${location.host}/desktop/notify`);
    socket.addEventListener('open', () => socket.send(JSON.stringify({ op: 'hello', qzt: window.qzSocket, v: 2 })));
  });
})();

import { createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Just enough SAML 2.0 for the IdP → IdS hop: an AuthnRequest on the HTTP-Redirect binding
 * (deflated, base64) and a signed Response on the HTTP-POST binding. The documents are the
 * mock's own, so they are read with anchored patterns; anything else is refused.
 */
export interface AuthnRequest {
  id: string;
  issuer: string;
  acsUrl: string;
}

export interface Assertion {
  inResponseTo: string;
  nameId: string;
  issuer: string;
  audience: string;
  notBefore: number;
  notOnOrAfter: number;
  /** The IdP session this sign-in belongs to, and when the IdP will end it (AuthnStatement SessionIndex, SessionNotOnOrAfter). */
  sessionIndex: string;
  sessionNotOnOrAfter: number;
}

export class SamlError extends Error {}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
const unescapeXml = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

export function newSamlId(): string {
  return `_${randomBytes(16).toString('hex')}`;
}

export function encodeAuthnRequest(request: AuthnRequest, issueInstant: Date): string {
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${escapeXml(request.id)}" Version="2.0" IssueInstant="${issueInstant.toISOString()}" ` +
    `AssertionConsumerServiceURL="${escapeXml(request.acsUrl)}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>${escapeXml(request.issuer)}</saml:Issuer></samlp:AuthnRequest>`;
  return deflateRawSync(Buffer.from(xml)).toString('base64');
}

export function decodeAuthnRequest(encoded: string): AuthnRequest {
  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  } catch {
    throw new SamlError('SAMLRequest is not a deflated, base64-encoded message');
  }
  const match =
    /^<samlp:AuthnRequest [^>]*ID="([^"]+)"[^>]*AssertionConsumerServiceURL="([^"]+)"[^>]*><saml:Issuer>([^<]+)<\/saml:Issuer><\/samlp:AuthnRequest>$/.exec(
      xml,
    );
  if (!match) throw new SamlError('SAMLRequest is not an AuthnRequest');
  return { id: unescapeXml(match[1]!), acsUrl: unescapeXml(match[2]!), issuer: unescapeXml(match[3]!) };
}

function assertionXml(assertion: Assertion, issueInstant: Date): string {
  const notBefore = new Date(assertion.notBefore).toISOString();
  const notOnOrAfter = new Date(assertion.notOnOrAfter).toISOString();
  return (
    `<saml:Assertion ID="${newSamlId()}" IssueInstant="${issueInstant.toISOString()}" Version="2.0"><saml:Issuer>${escapeXml(assertion.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${escapeXml(assertion.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${escapeXml(assertion.inResponseTo)}" NotOnOrAfter="${notOnOrAfter}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escapeXml(assertion.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issueInstant.toISOString()}" SessionIndex="${escapeXml(assertion.sessionIndex)}" SessionNotOnOrAfter="${new Date(assertion.sessionNotOnOrAfter).toISOString()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement></saml:Assertion>`
  );
}

export function encodeSignedResponse(assertion: Assertion, issueInstant: Date, signingKey: KeyObject): string {
  const signed = assertionXml(assertion, issueInstant);
  const signature = createSign('sha256').update(signed).sign(signingKey, 'base64');
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="${newSamlId()}" Version="2.0" IssueInstant="${issueInstant.toISOString()}" InResponseTo="${escapeXml(assertion.inResponseTo)}">` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${signed}` +
    `<ds:Signature><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/><ds:SignatureValue>${signature}</ds:SignatureValue></ds:Signature></samlp:Response>`;
  return Buffer.from(xml).toString('base64');
}

/** Verifies the IdP's signature and reads the assertion; validity-window checks are the caller's (it owns the clock). */
export function decodeSignedResponse(encoded: string, idpPublicKey: KeyObject): Assertion {
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  const signed = /(<saml:Assertion [\s\S]*<\/saml:Assertion>)<ds:Signature>[\s\S]*<ds:SignatureValue>([A-Za-z0-9+/=]+)<\/ds:SignatureValue>/.exec(xml);
  if (!xml.startsWith('<samlp:Response ') || !signed) throw new SamlError('SAMLResponse is not a signed SAML Response');
  const valid = createVerify('sha256').update(signed[1]!).verify(idpPublicKey, signed[2]!, 'base64');
  if (!valid) throw new SamlError('SAMLResponse signature does not verify against the IdP certificate');
  const read = (pattern: RegExp) => {
    const match = pattern.exec(signed[1]!);
    if (!match) throw new SamlError(`SAMLResponse assertion lacks ${pattern.source}`);
    return unescapeXml(match[1]!);
  };
  return {
    inResponseTo: read(/InResponseTo="([^"]+)"/),
    nameId: read(/<saml:NameID[^>]*>([^<]+)<\/saml:NameID>/),
    issuer: read(/<saml:Issuer>([^<]+)<\/saml:Issuer>/),
    audience: read(/<saml:Audience>([^<]+)<\/saml:Audience>/),
    notBefore: Date.parse(read(/<saml:Conditions NotBefore="([^"]+)"/)),
    notOnOrAfter: Date.parse(read(/<saml:Conditions [^>]*NotOnOrAfter="([^"]+)"/)),
    sessionIndex: read(/<saml:AuthnStatement [^>]*SessionIndex="([^"]+)"/),
    sessionNotOnOrAfter: Date.parse(read(/<saml:AuthnStatement [^>]*SessionNotOnOrAfter="([^"]+)"/)),
  };
}

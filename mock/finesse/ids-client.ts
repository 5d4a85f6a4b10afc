import https from 'node:https';

export interface IdsAnswer {
  status: number;
  body: string;
}

class StaleSocket extends Error {}

/** A connection-level failure (refused, reset, timed out): the IdS never answered. */
export class IdsUnreachable extends Error {}

export interface IdsClientOptions {
  /** The IdS token endpoint as Finesse knows it, e.g. https://ids.lab.test:8553/ids/v1/oauth/access_token */
  tokenUrl: string;
  /** Where that host really is (the lab binds to loopback). */
  address: string;
  ca: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

/** Finesse webservices' HTTPS client for the IdS token endpoint, with its lab certificate trusted explicitly. */
export class IdsClient {
  private readonly agent: https.Agent;
  private readonly url: URL;

  constructor(private readonly options: IdsClientOptions) {
    this.url = new URL(options.tokenUrl);
    this.agent = new https.Agent({ keepAlive: true, ca: options.ca, servername: this.url.hostname, maxSockets: 64 });
  }

  get tokenUrl(): string {
    return this.options.tokenUrl;
  }

  /**
   * A keep-alive socket the IdS closed while idle fails on reuse; like Tomcat's client, try once
   * more on a new connection. Any other failure means the IdS did not answer.
   */
  async postToken(form: URLSearchParams): Promise<IdsAnswer> {
    try {
      return await this.send(form);
    } catch (error) {
      if (error instanceof StaleSocket) return this.send(form);
      throw error;
    }
  }

  private send(form: URLSearchParams): Promise<IdsAnswer> {
    const body = form.toString();
    const credentials = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    return new Promise((resolve, reject) => {
      const request = https.request(
        {
          agent: this.agent,
          host: this.options.address,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          headers: {
            host: this.url.host,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            authorization: `Basic ${credentials}`,
          },
          timeout: this.options.timeoutMs ?? 10_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          // The connection dropped mid-answer; Java's client reports it this way.
          response.on('error', () => reject(new IdsUnreachable('java.net.SocketException: Connection reset')));
        },
      );
      request.on('timeout', () => request.destroy(new IdsUnreachable('java.net.SocketTimeoutException: Read timed out')));
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && error.code === 'ECONNRESET') return reject(new StaleSocket());
        reject(
          error instanceof IdsUnreachable
            ? error
            : new IdsUnreachable(
                error.code === 'ECONNREFUSED' ? 'java.net.ConnectException: Connection refused' : `java.net.SocketException: ${error.message}`,
              ),
        );
      });
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

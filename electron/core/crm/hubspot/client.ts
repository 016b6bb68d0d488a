import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { Client } from '@hubspot/api-client';
import { HubSpotHttpError, HubSpotTimeoutError } from './errors';

/**
 * The slice of @hubspot/api-client 13 the adapter uses, built once per access token.
 *
 * SDK quirks handled here:
 * - Retries and the Bottleneck limiter are off (`numberOfApiCallRetries: 0`, no `limiterOptions`): the
 *   {@link RequestPolicy} owns both. The SDK's retry counts total attempts, ignores Retry-After and sleeps a fixed
 *   10 s × attempt on a ten-secondly 429.
 * - Decorators (retry/limiter) live in a process-wide singleton that the *newest* `Client` overwrites and that a
 *   discovery API picks up when it is first touched. Every API object is therefore created right here, while this
 *   client's (empty) decorator list is in force, and kept.
 * - The generated clients have no request timeout: an `http(s).Agent` whose sockets time out after `timeoutMs`
 *   without traffic (destroyed with ETIMEDOUT, which the policy retries) carries every request.
 * - The generated clients (v13) IGNORE the configured middleware — `httpAgent`, `defaultHeaders`, `middleware`
 *   given to `new Client()` never run: `ObservableAPI` starts from an empty middleware list unless the call itself
 *   passes `_options.middleware` (see codegen/crm/contacts/types/ObservableAPI.js and its siblings). Every call therefore passes
 *   {@link HubSpotSdk.opts}, a call-time middleware (merge strategy `append`) that sets the agent.
 *   `apiRequest` takes no agent at all, so it is raced against the same timeout.
 */
export interface HubSpotSdk {
  client: Client;
  /**
   * Call-time options to pass as the last (`_options`) argument of every generated-client call: a middleware that
   * puts the request on the timeout agent. Typed `never` because each generated module declares its own
   * (structurally identical) options type.
   */
  opts: never;
  contacts: Client['crm']['contacts'];
  companies: Client['crm']['companies'];
  deals: Client['crm']['deals'];
  notes: Client['crm']['objects']['notes'];
  tasks: Client['crm']['objects']['tasks'];
  properties: Client['crm']['properties'];
  associations: Client['crm']['associations']['v4'];
  owners: Client['crm']['owners']['ownersApi'];
  /** GET a JSON path that the SDK has no generated client for (account info). @throws HubSpotHttpError on non-2xx. */
  getJson(path: string): Promise<unknown>;
}

/**
 * Keep-alive agent whose sockets are destroyed with ETIMEDOUT after `timeoutMs` without traffic. The agent's own
 * `timeout` keeps the socket timer armed across reuse (Node resets it to the agent's value whenever a socket goes back
 * to the pool) and destroys idle pooled sockets; the extra listener destroys a socket that times out mid-request,
 * which node-fetch reports as a FetchError with code ETIMEDOUT.
 */
export function createTimeoutAgent(baseUrl: string, timeoutMs: number): http.Agent {
  const Base = baseUrl.startsWith('https:') ? https.Agent : http.Agent;
  const agent = new Base({ keepAlive: true, maxSockets: 16, timeout: timeoutMs });
  type Connect = (o: unknown, cb?: unknown) => Duplex;
  const create = (agent as unknown as { createConnection: Connect }).createConnection.bind(agent);
  (agent as unknown as { createConnection: Connect }).createConnection = (options, cb) => {
    const socket = create(options, cb);
    socket.on('timeout', () => socket.destroy(new HubSpotTimeoutError(timeoutMs)));
    return socket;
  };
  return agent;
}

/**
 * Builds the SDK facade for one access token.
 * @param accessToken private-app or OAuth access token (sent as `Authorization: Bearer`)
 * @param basePath API base URL (https://api.hubapi.com, or an emulator)
 * @param agent the timeout agent ({@link createTimeoutAgent})
 * @param timeoutMs per-request timeout for `getJson`, in ms
 */
export function createHubSpotSdk(accessToken: string, basePath: string, agent: http.Agent, timeoutMs: number): HubSpotSdk {
  const client = new Client({ accessToken, basePath, numberOfApiCallRetries: 0 });
  const crm = client.crm;
  const opts = {
    middlewareMergeStrategy: 'append',
    middleware: [
      {
        pre: (ctx: { setAgent(a: http.Agent): void }) => {
          ctx.setAgent(agent);
          return Promise.resolve(ctx);
        },
        post: <T>(rsp: T) => Promise.resolve(rsp),
      },
    ],
  };
  const sdk: HubSpotSdk = {
    client,
    opts: opts as never,
    contacts: crm.contacts,
    companies: crm.companies,
    deals: crm.deals,
    notes: crm.objects.notes,
    tasks: crm.objects.tasks,
    properties: crm.properties,
    associations: crm.associations.v4,
    owners: crm.owners.ownersApi,
    async getJson(path: string): Promise<unknown> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HubSpotTimeoutError(timeoutMs)), timeoutMs);
      });
      try {
        const res = await Promise.race([client.apiRequest({ method: 'GET', path }), timeout]);
        const text = await Promise.race([res.text(), timeout]);
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text
        }
        if (res.status < 200 || res.status > 299) {
          const headers: Record<string, string> = {};
          res.headers.forEach((v, k) => (headers[k] = v));
          throw new HubSpotHttpError(res.status, body, headers);
        }
        return body;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  // Touch every sub-API now (see the file comment: decorators are bound at first touch).
  void [sdk.contacts.batchApi, sdk.companies.batchApi, sdk.deals.batchApi, sdk.notes.batchApi, sdk.tasks.batchApi, sdk.properties.coreApi, sdk.associations.batchApi];
  return sdk;
}

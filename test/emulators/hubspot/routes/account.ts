import { notFound } from '../errors';
import type { Route } from './types';

/**
 * Account information (https://developers.hubspot.com/docs/api/settings/account-information-api) and owners
 * (https://developers.hubspot.com/docs/api/crm/owners).
 */
export const accountRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/account-info\/v3\/details$/,
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/settings/account-information-api (GET /account-info/v3/details)',
    handle(ctx) {
      return {
        status: 200,
        body: {
          portalId: ctx.emu.portalId,
          accountType: 'STANDARD',
          timeZone: 'US/Eastern',
          companyCurrency: 'USD',
          additionalCurrencies: [],
          utcOffset: '-05:00',
          utcOffsetMilliseconds: -18_000_000,
          uiDomain: 'app.hubspot.com',
          dataHostingLocation: 'na1',
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/owners\/?$/,
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/owners (GET /crm/v3/owners/)',
    handle(ctx) {
      const email = ctx.query.get('email')?.toLowerCase();
      const limit = Math.min(Number(ctx.query.get('limit') ?? 100) || 100, 500);
      const after = Number(ctx.query.get('after') ?? 0) || 0;
      // `archived=true` lists archived owners, otherwise active ones (the default).
      const archived = ctx.query.get('archived') === 'true';
      const all = [...ctx.emu.state.owners.values()].filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email));
      const page = all.slice(after, after + limit);
      return { status: 200, body: { results: page, ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}) } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/owners\/(?<id>[^/]+)$/,
    kind: 'api',
    doc: 'https://developers.hubspot.com/docs/api/crm/owners (GET /crm/v3/owners/{ownerId})',
    handle(ctx) {
      const byUser = ctx.query.get('idProperty') === 'userId';
      const id = ctx.params.id!;
      const o = byUser ? [...ctx.emu.state.owners.values()].find((x) => String(x.userId) === id) : ctx.emu.state.owners.get(id);
      if (!o) throw notFound(`Owner ${id} not found`);
      return { status: 200, body: o };
    },
  },
];

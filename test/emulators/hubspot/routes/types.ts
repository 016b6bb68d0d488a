import type { IncomingHttpHeaders } from 'node:http';
import type { HubSpotEmulatorCore } from '../core';

/** What a route handler gets. */
export interface RouteContext {
  emu: HubSpotEmulatorCore;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (or the form fields for form-encoded bodies). */
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** What a route handler returns (errors are thrown as HttpAnswer). */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Content type for a non-JSON body (the OAuth pages). */
  contentType?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path pattern with named groups. */
  pattern: RegExp;
  /** `api`: bearer auth + burst limit; `search`: also the search limit, no rate-limit headers; `public`: neither. */
  kind: 'api' | 'search' | 'public';
  /** The HubSpot doc page the route follows. */
  doc: string;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

/** The `properties` query parameter, repeated (`?properties=a&properties=b`, as the SDK sends it) or comma-separated. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

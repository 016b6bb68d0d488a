import type { ImportPreview } from '@shared/ipc';
import type { Settings } from '@shared/domain/settings';

/** One company of the seed list (from the real YC Startups.csv). */
export interface SeedCompany {
  company: string;
  status: string;
  description: string;
  categories: string[];
  founders: string[];
  city: string;
  country: string;
  website: string;
  fundingUsd?: number;
  foundedYear?: number;
}

/** What the Node side of the harness passes to the in-page mock bridge (JSON). */
export interface MockSeed {
  /** `fresh` = first start (no runs, empty queue); `full` = a busy workspace (runs, 10k drafts, CRM). */
  scenario: 'fresh' | 'full';
  /** CRM calls reject as before the CRM backend lands. */
  crmBroken: boolean;
  /** Number of review-queue entries to generate (full scenario). */
  queueSize: number;
  /** Leads of the streaming run (full scenario). */
  streamLeads: number;
  /** Stream pipeline events (a 10k-lead run) while the page is open. */
  stream: boolean;
  companies: SeedCompany[];
  settings: Settings;
  /** Path the OS picker "returns". */
  pickPath: string;
  fields: string[];
  /** A real import preview of Startups.csv (computed in Node with the core's previewLeads). */
  preview: ImportPreview;
}

import {
  CLOSED_DEAL_STAGES,
  CREATED_PROPERTY,
  DEFAULT_ASSOCIATION_TYPE,
  MODIFIED_PROPERTY,
  OBJECT_TYPES,
  UNIQUE_CAPABLE,
  defaultGroups,
  defaultProperties,
  reverseAssociationType,
  type ObjectType,
  type PropertyDef,
  type PropertyGroupDef,
} from './model';

export type { ObjectType };

/** One stored CRM record. Property values are strings, as HubSpot stores and returns them. */
export interface StoredRecord {
  id: string;
  type: ObjectType;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** An owner (https://developers.hubspot.com/docs/api/crm/owners). */
export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  type: 'PERSON' | 'QUEUE';
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One association edge, stored once per direction. */
export interface AssociationEdge {
  fromType: ObjectType;
  fromId: string;
  toType: ObjectType;
  toId: string;
  typeIds: Set<number>;
}

/**
 * The emulated portal's state: records per object type with unique-value indexes (contact email and every
 * `hasUniqueValue` property), property definitions and groups, associations, owners.
 */
export class PortalState {
  readonly records = new Map<ObjectType, Map<string, StoredRecord>>();
  readonly properties = new Map<ObjectType, Map<string, PropertyDef>>();
  readonly groups = new Map<ObjectType, Map<string, PropertyGroupDef>>();
  readonly owners = new Map<string, Owner>();
  /** key `${fromType}:${fromId}` → edges from that record. */
  private readonly edges = new Map<string, Map<string, AssociationEdge>>();
  /** Unique indexes: `${type}:${property}` → lowercased value → id. */
  private readonly unique = new Map<string, Map<string, string>>();
  /** Creates per object type since start (for duplicate assertions). */
  readonly creates: Record<ObjectType, number> = { contacts: 0, companies: 0, deals: 0, notes: 0, tasks: 0 };
  private nextId = 100_001;

  constructor(private readonly now: () => Date = () => new Date()) {
    for (const t of OBJECT_TYPES) {
      this.records.set(t, new Map());
      this.properties.set(t, new Map(defaultProperties(t).map((p) => [p.name, p])));
      this.groups.set(t, new Map(defaultGroups(t).map((g) => [g.name, g])));
    }
  }

  /** Properties whose values must be unique on this object (contact email is always unique). */
  uniqueProperties(type: ObjectType): string[] {
    const names = [...this.properties.get(type)!.values()].filter((p) => p.hasUniqueValue).map((p) => p.name);
    if (type === 'contacts') names.push('email');
    return names;
  }

  /** Whether `name` may be an `idProperty` for reads/updates/upserts on this object. */
  isIdProperty(type: ObjectType, name: string): boolean {
    return name === 'hs_object_id' || this.uniqueProperties(type).includes(name);
  }

  /** The id of the record holding `value` for a unique property, if any. */
  findByUnique(type: ObjectType, property: string, value: string): string | undefined {
    if (property === 'hs_object_id') return this.records.get(type)!.has(value) ? value : undefined;
    return this.unique.get(`${type}:${property}`)?.get(value.trim().toLowerCase());
  }

  /**
   * Which unique value of `props` is held by another record (not `selfId`). @returns the clash, if any.
   */
  uniqueClash(type: ObjectType, props: Record<string, string>, selfId?: string): { property: string; existingId: string } | undefined {
    for (const p of this.uniqueProperties(type)) {
      const v = props[p];
      if (v === undefined || v === '') continue;
      const existing = this.findByUnique(type, p, v);
      if (existing && existing !== selfId) return { property: p, existingId: existing };
    }
    return undefined;
  }

  get(type: ObjectType, id: string): StoredRecord | undefined {
    const r = this.records.get(type)!.get(id);
    return r && !r.archived ? r : undefined;
  }

  list(type: ObjectType): StoredRecord[] {
    return [...this.records.get(type)!.values()].filter((r) => !r.archived);
  }

  /** Creates a record (values already validated). */
  create(type: ObjectType, props: Record<string, string>): StoredRecord {
    const id = String(this.nextId++);
    const at = this.now().toISOString();
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(props)) if (v !== '') properties[k] = type === 'contacts' && k === 'email' ? v.trim().toLowerCase() : v;
    properties.hs_object_id = id;
    properties[CREATED_PROPERTY[type]] = at;
    properties[MODIFIED_PROPERTY[type]] = at;
    const rec: StoredRecord = { id, type, properties, createdAt: at, updatedAt: at, archived: false };
    this.records.get(type)!.set(id, rec);
    this.index(rec, {});
    this.derive(rec);
    this.creates[type]++;
    return rec;
  }

  /** Updates a record's properties ('' clears a value). */
  update(rec: StoredRecord, props: Record<string, string>): StoredRecord {
    const before = { ...rec.properties };
    for (const [k, v] of Object.entries(props)) {
      if (v === '') delete rec.properties[k];
      else rec.properties[k] = rec.type === 'contacts' && k === 'email' ? v.trim().toLowerCase() : v;
    }
    rec.updatedAt = this.now().toISOString();
    rec.properties[MODIFIED_PROPERTY[rec.type]] = rec.updatedAt;
    this.index(rec, before);
    this.derive(rec);
    return rec;
  }

  /** Adds a custom property definition (validated by the route). */
  addProperty(type: ObjectType, p: PropertyDef): void {
    this.properties.get(type)!.set(p.name, p);
    if (p.hasUniqueValue) {
      const idx = new Map<string, string>();
      for (const r of this.list(type)) if (r.properties[p.name]) idx.set(r.properties[p.name]!.toLowerCase(), r.id);
      this.unique.set(`${type}:${p.name}`, idx);
    }
  }

  canBeUnique(type: ObjectType): boolean {
    return UNIQUE_CAPABLE.includes(type);
  }

  /** Associates two records (both directions). @returns false when either record is missing. */
  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeId?: number): boolean {
    if (!this.get(fromType, fromId) || !this.get(toType, toId)) return false;
    const forward = typeId ?? DEFAULT_ASSOCIATION_TYPE[fromType]?.[toType];
    if (forward === undefined) return false;
    this.edge(fromType, fromId, toType, toId).typeIds.add(forward);
    this.edge(toType, toId, fromType, fromId).typeIds.add(reverseAssociationType(fromType, toType, forward));
    // Activity timestamps HubSpot keeps on the associated contact/company (notes_last_updated, last engagement).
    if (fromType === 'notes' || fromType === 'tasks') {
      const target = this.get(toType, toId)!;
      if (toType === 'contacts' || toType === 'companies') {
        const at = this.get(fromType, fromId)!.properties.hs_timestamp ?? this.now().toISOString();
        target.properties.notes_last_updated = at;
        if (toType === 'contacts') target.properties.hs_last_sales_activity_timestamp = at;
      }
    }
    if (fromType === 'contacts' && toType === 'companies') {
      const c = this.get('contacts', fromId)!;
      if (!c.properties.associatedcompanyid) c.properties.associatedcompanyid = toId;
    }
    return true;
  }

  /** Records associated with one record. */
  associations(fromType: ObjectType, fromId: string, toType: ObjectType): AssociationEdge[] {
    return [...(this.edges.get(`${fromType}:${fromId}`)?.values() ?? [])].filter((e) => e.toType === toType && this.get(toType, e.toId));
  }

  addOwner(o: Omit<Owner, 'createdAt' | 'updatedAt' | 'archived' | 'type'> & Partial<Pick<Owner, 'type' | 'archived'>>): Owner {
    const at = this.now().toISOString();
    const owner: Owner = { type: 'PERSON', archived: false, createdAt: at, updatedAt: at, ...o };
    this.owners.set(owner.id, owner);
    const opt = { label: `${owner.firstName} ${owner.lastName}`.trim(), value: owner.id, displayOrder: this.owners.size, hidden: false };
    for (const t of OBJECT_TYPES) this.properties.get(t)!.get('hubspot_owner_id')?.options.push({ ...opt });
    return owner;
  }

  private edge(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): AssociationEdge {
    const key = `${fromType}:${fromId}`;
    let m = this.edges.get(key);
    if (!m) this.edges.set(key, (m = new Map()));
    const k2 = `${toType}:${toId}`;
    let e = m.get(k2);
    if (!e) m.set(k2, (e = { fromType, fromId, toType, toId, typeIds: new Set() }));
    return e;
  }

  private index(rec: StoredRecord, before: Record<string, string>): void {
    for (const p of this.uniqueProperties(rec.type)) {
      const key = `${rec.type}:${p}`;
      let idx = this.unique.get(key);
      if (!idx) this.unique.set(key, (idx = new Map()));
      const old = before[p];
      if (old !== undefined && idx.get(old.toLowerCase()) === rec.id) idx.delete(old.toLowerCase());
      const v = rec.properties[p];
      if (v !== undefined) idx.set(v.toLowerCase(), rec.id);
    }
  }

  /** Calculated properties: deals' hs_is_closed from dealstage. */
  private derive(rec: StoredRecord): void {
    if (rec.type === 'deals') rec.properties.hs_is_closed = CLOSED_DEAL_STAGES.has(rec.properties.dealstage ?? '') ? 'true' : 'false';
  }
}

export type { PropertyDef, PropertyGroupDef };

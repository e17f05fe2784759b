import { describe, expect, it } from 'vitest';
import {
  escalationTarget,
  routeCandidates,
  type RoutableReport,
  type RoutingOfficial,
  type RoutingPosition,
  type RoutingRule,
} from '../../../src/core/routing.ts';

// A commune People's Committee: a chair, two vice chairs, the head of the service centre and
// two staff at its counter.
const CHAIR = 1;
const VICE_ECONOMY = 2;
const VICE_CULTURE = 3;
const HEAD_CENTRE = 4;
const STAFF_COUNTER = 5;

const positions: RoutingPosition[] = [
  { id: CHAIR, kind: 'chair', fields: [], rank: 3 },
  { id: VICE_ECONOMY, kind: 'vice-chair', fields: ['ha-tang', 'moi-truong', 'dat-dai'], rank: 2 },
  { id: VICE_CULTURE, kind: 'vice-chair', fields: ['van-hoa', 'giao-duc', 'y-te'], rank: 2 },
  { id: HEAD_CENTRE, kind: 'head', fields: ['thu-tuc'], rank: 1 },
  { id: STAFF_COUNTER, kind: 'staff', fields: ['thu-tuc'], rank: 0 },
];

const officials: RoutingOfficial[] = [
  { id: 101, positionId: CHAIR, unreachable: false },
  { id: 102, positionId: VICE_ECONOMY, unreachable: false },
  { id: 103, positionId: VICE_CULTURE, unreachable: false },
  { id: 104, positionId: HEAD_CENTRE, unreachable: false },
  { id: 106, positionId: STAFF_COUNTER, unreachable: false },
  { id: 105, positionId: STAFF_COUNTER, unreachable: false },
];

const UNIT = '12694';
const reportOf = (over: Partial<RoutableReport> = {}): RoutableReport => ({
  unitCode: UNIT,
  categoryCode: 'ha-tang',
  kind: 'phan-anh',
  ...over,
});

const route = (
  report: RoutableReport,
  opts: { rules?: RoutingRule[]; officials?: RoutingOfficial[] } = {},
) =>
  routeCandidates({
    report,
    positions,
    officials: opts.officials ?? officials,
    rules: opts.rules ?? [],
  });

/** The official ids in the order they will be tried. */
const order = (result: ReturnType<typeof route>) =>
  result.type === 'candidates' ? result.candidates.map((c) => c.officialId) : result;

describe('routeCandidates without rules', () => {
  it('sends a report to the vice chair in charge of its field, then the chair', () => {
    const r = route(reportOf());
    expect(r).toEqual({
      type: 'candidates',
      candidates: [
        { positionId: VICE_ECONOMY, positionKind: 'vice-chair', officialId: 102, source: 'field' },
        { positionId: CHAIR, positionKind: 'chair', officialId: 101, source: 'chair' },
      ],
    });
    expect(order(route(reportOf({ categoryCode: 'giao-duc' })))).toEqual([103, 101]);
  });

  it('sends a report nobody is in charge of to the chair', () => {
    expect(order(route(reportOf({ categoryCode: 'khac' })))).toEqual([101]);
  });
});

describe('routeCandidates with rules', () => {
  const rule = (over: Partial<RoutingRule>): RoutingRule => ({
    unitCode: null,
    categoryCode: null,
    kind: null,
    positionKind: 'chair',
    order: 0,
    ...over,
  });

  it('follows a matching rule, positions in charge of the field first', () => {
    const rules = [rule({ categoryCode: 'thu-tuc', positionKind: 'head' })];
    expect(order(route(reportOf({ categoryCode: 'thu-tuc' }), { rules }))).toEqual([104, 101]);
    expect(route(reportOf({ categoryCode: 'thu-tuc' }), { rules })).toMatchObject({
      candidates: [{ source: 'rule' }, { source: 'chair' }],
    });
  });

  it('lets the most specific rule win and orders its positions', () => {
    const rules = [
      rule({ categoryCode: 'thu-tuc', positionKind: 'head' }),
      rule({ unitCode: UNIT, categoryCode: 'thu-tuc', positionKind: 'head', order: 2 }),
      rule({ unitCode: UNIT, categoryCode: 'thu-tuc', positionKind: 'staff', order: 1 }),
      rule({ unitCode: '99999', categoryCode: 'thu-tuc', kind: 'phan-anh', positionKind: 'chair' }),
    ];
    // Both counter staff (lowest id first), then the head, then the chair.
    expect(order(route(reportOf({ categoryCode: 'thu-tuc' }), { rules }))).toEqual([
      105, 106, 104, 101,
    ]);
  });

  it('prefers the commune’s own rule to a province-wide rule for the category', () => {
    const rules = [
      rule({ categoryCode: 'ha-tang', positionKind: 'head' }),
      rule({ unitCode: UNIT, positionKind: 'vice-chair' }),
    ];
    expect(order(route(reportOf(), { rules }))).toEqual([102, 103, 101]);
  });

  it('can send a kind of report to the chair', () => {
    const rules = [rule({ kind: 'kien-nghi', positionKind: 'chair' })];
    expect(order(route(reportOf({ kind: 'kien-nghi' }), { rules }))).toEqual([101]);
    expect(order(route(reportOf({ kind: 'phan-anh' }), { rules }))).toEqual([102, 101]);
  });
});

describe('tố cáo', () => {
  it('goes to the chair only, whatever the rules say', () => {
    const rules: RoutingRule[] = [
      { unitCode: UNIT, categoryCode: null, kind: 'to-cao', positionKind: 'vice-chair', order: 0 },
    ];
    expect(route(reportOf({ kind: 'to-cao' }), { rules })).toEqual({
      type: 'candidates',
      candidates: [{ positionId: CHAIR, positionKind: 'chair', officialId: 101, source: 'chair' }],
    });
  });

  it('does not fall back to a vice chair when the chair cannot be reached', () => {
    const unreachableChair = officials.map((o) => (o.id === 101 ? { ...o, unreachable: true } : o));
    expect(route(reportOf({ kind: 'to-cao' }), { officials: unreachableChair })).toEqual({
      type: 'noOfficial',
      positionIds: [CHAIR],
    });
  });

  it('about the chair goes to the province', () => {
    expect(route(reportOf({ kind: 'to-cao', aboutOfficialId: 101 }))).toEqual({
      type: 'provinceAdmin',
      reason: 'about-chair',
    });
  });
});

describe('a report about an official', () => {
  it('about the vice chair in charge goes one level up, to the chair', () => {
    const r = route(reportOf({ aboutOfficialId: 102 }));
    expect(order(r)).toEqual([101]);
    // Not to the other vice chair either: a peer does not judge a peer.
    const rules: RoutingRule[] = [
      { unitCode: null, categoryCode: null, kind: null, positionKind: 'vice-chair', order: 0 },
    ];
    expect(order(route(reportOf({ aboutOfficialId: 102 }), { rules }))).toEqual([101]);
  });

  it('about a counter clerk skips every clerk and goes to the head above them', () => {
    const rules: RoutingRule[] = [
      { unitCode: null, categoryCode: 'thu-tuc', kind: null, positionKind: 'staff', order: 0 },
    ];
    const r = route(reportOf({ categoryCode: 'thu-tuc', aboutOfficialId: 105 }), { rules });
    expect(r).toMatchObject({
      type: 'candidates',
      candidates: [
        { officialId: 104, source: 'level-up' },
        { officialId: 101, source: 'chair' },
      ],
    });
  });

  it('about the chair, in any kind of report, goes to the province', () => {
    expect(route(reportOf({ aboutOfficialId: 101 }))).toEqual({
      type: 'provinceAdmin',
      reason: 'about-chair',
    });
  });

  it('never lists the official reported on, even if they are unknown to the positions', () => {
    const r = route(reportOf({ aboutOfficialId: 999 }));
    expect(order(r)).toEqual([102, 101]);
  });
});

describe('unreachable officials', () => {
  it('are skipped, falling back to the next position', () => {
    const list = officials.map((o) => (o.id === 102 ? { ...o, unreachable: true } : o));
    expect(order(route(reportOf(), { officials: list }))).toEqual([101]);
  });

  it('inactive officials are skipped too', () => {
    const list = officials.map((o) => (o.id === 102 ? { ...o, active: false } : o));
    expect(order(route(reportOf(), { officials: list }))).toEqual([101]);
  });

  it('when nobody can be reached, says which positions were tried', () => {
    const list = officials.map((o) => ({ ...o, unreachable: true }));
    expect(route(reportOf(), { officials: list })).toEqual({
      type: 'noOfficial',
      positionIds: [VICE_ECONOMY, CHAIR],
    });
  });

  it('a position nobody holds falls through to the next', () => {
    const list = officials.filter((o) => o.positionId !== VICE_ECONOMY);
    expect(order(route(reportOf(), { officials: list }))).toEqual([101]);
  });
});

describe('escalationTarget', () => {
  it('climbs vice chair → chair → province → none', () => {
    expect(escalationTarget({ type: 'position', positionId: VICE_ECONOMY }, positions)).toEqual({
      type: 'position',
      positionId: CHAIR,
      positionKind: 'chair',
    });
    expect(escalationTarget({ type: 'position', positionId: CHAIR }, positions)).toEqual({
      type: 'provinceAdmin',
    });
    expect(escalationTarget({ type: 'provinceAdmin' }, positions)).toEqual({ type: 'none' });
  });

  it('climbs from the counter to the head in charge, and skips a vice chair of another field', () => {
    expect(
      escalationTarget({ type: 'position', positionId: STAFF_COUNTER }, positions, 'thu-tuc'),
    ).toMatchObject({
      positionId: HEAD_CENTRE,
    });
    expect(
      escalationTarget({ type: 'position', positionId: HEAD_CENTRE }, positions, 'van-hoa'),
    ).toMatchObject({
      positionId: VICE_CULTURE,
    });
    expect(
      escalationTarget({ type: 'position', positionId: HEAD_CENTRE }, positions, 'thu-tuc'),
    ).toMatchObject({
      positionId: CHAIR,
    });
  });

  it('sends a report held by a deleted position to the chair', () => {
    expect(escalationTarget({ type: 'position', positionId: 77 }, positions)).toMatchObject({
      positionId: CHAIR,
    });
    expect(escalationTarget({ type: 'position', positionId: 77 }, [])).toEqual({
      type: 'provinceAdmin',
    });
  });
});

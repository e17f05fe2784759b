/**
 * What every implementation of the routing rules source (app/ports/routing-rules.ts) must do,
 * run against the in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PositionKind } from '../../../src/core/positions.ts';
import type { RoutingRulesSource } from '../../../src/app/ports/routing-rules.ts';

export interface RoutingRulesFixture {
  rules: RoutingRulesSource;
  addRule(input: {
    unitCode?: string;
    categoryCode?: string;
    kind?: string;
    positionKind: PositionKind;
    order: number;
  }): Promise<void>;
  /** Two communes and a category that exist where the rules are stored. */
  units: readonly [string, string];
  categoryCode: string;
  close(): Promise<void>;
}

export function describeRoutingRulesContract(
  name: string,
  make: () => Promise<RoutingRulesFixture>,
): void {
  describe(`RoutingRulesSource contract: ${name}`, () => {
    let f: RoutingRulesFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    it("gives a unit its own rules and the global ones, most specific first, never another unit's", async () => {
      const [home, other] = f.units;
      await f.addRule({ positionKind: 'chair', order: 0 });
      await f.addRule({ kind: 'to-cao', positionKind: 'chair', order: 0 });
      await f.addRule({ unitCode: home, positionKind: 'vice-chair', order: 1 });
      await f.addRule({ unitCode: home, positionKind: 'head', order: 0 });
      await f.addRule({
        unitCode: home,
        categoryCode: f.categoryCode,
        positionKind: 'staff',
        order: 0,
      });
      await f.addRule({ unitCode: other, positionKind: 'staff', order: 0 });

      const rules = await f.rules.forUnit(home);
      expect(
        rules.map((r) => [r.unitCode, r.categoryCode, r.kind, r.positionKind, r.order]),
      ).toEqual([
        [home, f.categoryCode, null, 'staff', 0],
        [home, null, null, 'head', 0],
        [home, null, null, 'vice-chair', 1],
        [null, null, 'to-cao', 'chair', 0],
        [null, null, null, 'chair', 0],
      ]);
      expect((await f.rules.forUnit('99999')).map((r) => r.unitCode)).toEqual([null, null]);
    });
  });
}

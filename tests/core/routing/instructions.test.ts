import { describe, expect, test, vi } from 'vitest';
import { instructionLanguage, stepInstruction } from '../../../src/core/routing/instructions';
import { parseOsrmRoute } from '../../../src/core/routing/osrm-response';
import type { OsrmStep } from '../../../src/core/routing/osrm-types';
import { recordedJson } from './recorded-osrm';

const ORDINALS = ['', '1st', '2nd', '3rd', '4th', '5th'];

function ajaccioSteps(): OsrmStep[] {
  return parseOsrmRoute(recordedJson('ajaccio'), { precision: 5 }).legs[0].steps;
}

describe('stepInstruction on the Ajaccio route', () => {
  test('every step reads as a finished English sentence that fits its maneuver', () => {
    const steps = ajaccioSteps();
    expect(steps).toHaveLength(22);
    for (const step of steps) {
      const text = stepInstruction(step, { language: 'en', legIndex: 0, legCount: 1 });
      expect(text, JSON.stringify(step.maneuver)).toMatch(/^[A-Z]/);
      expect(text).not.toMatch(/[{}]|undefined/);
      const { type, modifier, exit } = step.maneuver;
      if (type === 'roundabout') expect(text).toContain(`take the ${ORDINALS[exit!]} exit`);
      if (type === 'exit roundabout') expect(text).toMatch(/^Exit the roundabout/);
      if (type === 'turn' || type === 'end of road') expect(text).toContain(`Turn ${modifier}`);
      if (type === 'fork') expect(text).toContain(`Keep ${modifier!.replace('slight ', '')} at the fork`);
      if (type === 'arrive') expect(text).toBe('You have arrived at your destination');
      // The road's name (or its ref when nameless) is spoken on every maneuver that leads onto a named road.
      if (type !== 'arrive' && type !== 'exit roundabout' && step.name) expect(text).toContain(step.name);
    }
  });

  test('the first step heads the way of its bearing (204° → southwest) and names the road', () => {
    const [depart] = ajaccioSteps();
    expect(depart.maneuver.bearing_after).toBe(204);
    expect(stepInstruction(depart)).toBe('Head southwest on Avenue du Maréchal Moncey');
  });

  test('name and ref are read together: "Avenue Colonel Colonna d\'Ornano (D 11)"', () => {
    expect(stepInstruction(ajaccioSteps()[1])).toBe("Turn left onto Avenue Colonel Colonna d'Ornano (D 11)");
  });

  test('arrivals of inner legs are numbered', () => {
    const arrive = ajaccioSteps()[21];
    expect(stepInstruction(arrive, { legIndex: 0, legCount: 3 })).toBe('You have arrived at your 1st destination');
    expect(stepInstruction(arrive, { legIndex: 1, legCount: 3 })).toBe('You have arrived at your 2nd destination');
    expect(stepInstruction(arrive, { legIndex: 2, legCount: 3 })).toBe('You have arrived at your destination');
    expect(stepInstruction(arrive, { legIndex: 2, legCount: 3, waypointName: "Coll d'Ordino" })).toBe("You have arrived at Coll d'Ordino");
  });

  test('other languages, with fallback to the base language and then English', () => {
    const roundabout = ajaccioSteps()[8];
    const german = stepInstruction(roundabout, { language: 'de' });
    expect(german).toMatch(/Kreisverkehr/);
    expect(stepInstruction(roundabout, { language: 'de-AT' })).toBe(german);
    expect(stepInstruction(roundabout, { language: 'fr' })).toMatch(/giratoire/);
    expect(stepInstruction(roundabout, { language: 'xx-YY' })).toBe(stepInstruction(roundabout));
    expect(instructionLanguage('pt')).toBe('pt-PT');
    expect(instructionLanguage('zh')).toBe('zh-Hans');
    expect(instructionLanguage('es-MX')).toBe('es');
  });
});

describe('stepInstruction on the other recorded routes', () => {
  test('all 422 Portugal–Korea steps and all 23 Tallinn steps compile to sentences', () => {
    const portugal = parseOsrmRoute(recordedJson('portugalKorea'), { precision: 5 }).legs[0].steps;
    const tallinn = parseOsrmRoute(recordedJson('tallinn'), { precision: 6 }).legs[0].steps;
    const all = [...portugal, ...tallinn];
    expect(all).toHaveLength(445);
    for (const step of all) {
      const text = stepInstruction(step, { legIndex: 0, legCount: 1 });
      expect(text.length).toBeGreaterThan(4);
      expect(text).not.toMatch(/[{}]|undefined/);
      if (step.maneuver.type === 'rotary') expect(text).toContain(step.rotary_name ?? 'rotary');
    }
  });
});

describe('stepInstruction on steps the library would reject', () => {
  const base: OsrmStep = {
    distance: 120, duration: 12, name: 'Carretera de la Rabassa', mode: 'driving',
    maneuver: { location: [1.5, 42.5], bearing_before: 10, bearing_after: 90, type: 'turn', modifier: 'right' },
  };

  test('an unknown maneuver type reads as a turn, without console noise', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const step = { ...base, maneuver: { ...base.maneuver, type: 'hyperjump' } } as unknown as OsrmStep;
      expect(stepInstruction(step)).toBe('Turn right onto Carretera de la Rabassa');
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  test('a turn without modifier, and a bogus modifier, read as straight on', () => {
    const { modifier: _dropped, ...maneuver } = base.maneuver;
    expect(stepInstruction({ ...base, maneuver: { ...maneuver, type: 'continue' } })).toBe('Continue straight to stay on Carretera de la Rabassa');
    const bogus = { ...base, maneuver: { ...base.maneuver, type: 'continue', modifier: 'sideways' } } as unknown as OsrmStep;
    expect(stepInstruction(bogus)).toBe('Continue straight to stay on Carretera de la Rabassa');
  });

  test('use lane without lanes continues straight; with lanes it describes them', () => {
    expect(stepInstruction({ ...base, maneuver: { ...base.maneuver, type: 'use lane', modifier: 'straight' } })).toBe('Continue straight to stay on Carretera de la Rabassa');
    const withLanes: OsrmStep = {
      ...base,
      maneuver: { ...base.maneuver, type: 'use lane', modifier: 'left' },
      intersections: [{ location: [1.5, 42.5], bearings: [0, 90], entry: [true, true], lanes: [{ indications: ['left'], valid: true }, { indications: ['straight'], valid: false }] }],
    };
    expect(stepInstruction(withLanes)).toBe('Keep left');
  });
});

/** One call for one line: measure against the feature set, then score with the §3.4 composite. */
import type { PoiSet } from '../pois/poi-set';
import type { LonLatArray } from '../units';
import { measureScenic, type MeasureScenicOptions } from './measure-scenic';
import { scenicFromMeasures, type ScenicScore } from './scenic-composite';

/** Scenic score of one continuous line (see `measureScenic` for the options). */
export function scoreScenic(coords: LonLatArray, pois: PoiSet, options: MeasureScenicOptions = {}): ScenicScore {
  return scenicFromMeasures(measureScenic(coords, pois, options), options.params);
}

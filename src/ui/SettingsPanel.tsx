import type { Planner } from '../app/planner';
import { defaultSettings, type Settings } from '../app/settings';

export function SettingsPanel({ planner, settings, onClose }: { planner: Planner; settings: Settings; onClose(): void }) {
  return (
    <form
      className="sb-settings"
      aria-label="Settings"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        void planner.updateSettings({
          basemapStyleUrl: String(f.get('basemap') ?? ''),
          osrmBaseUrl: String(f.get('osrm') ?? ''),
          distanceUnits: f.get('units') === 'mi' ? 'mi' : 'km',
          terrainTilesUrl: String(f.get('terrain') ?? ''),
          overpassUrl: String(f.get('overpass') ?? ''),
        });
        onClose();
      }}
    >
      <label>Basemap style URL<input name="basemap" type="url" defaultValue={settings.basemapStyleUrl} placeholder={defaultSettings.basemapStyleUrl} /></label>
      <label>OSRM server URL<input name="osrm" type="url" defaultValue={settings.osrmBaseUrl} placeholder={defaultSettings.osrmBaseUrl} /></label>
      <label>Terrain tiles (terrarium {'{z}/{x}/{y}'}; empty = off)<input name="terrain" defaultValue={settings.terrainTilesUrl} placeholder={defaultSettings.terrainTilesUrl} /></label>
      <label>Overpass API URL<input name="overpass" type="url" defaultValue={settings.overpassUrl} placeholder={defaultSettings.overpassUrl} /></label>
      <fieldset>
        <legend>Distances</legend>
        <label><input type="radio" name="units" value="km" defaultChecked={settings.distanceUnits === 'km'} /> km</label>
        <label><input type="radio" name="units" value="mi" defaultChecked={settings.distanceUnits === 'mi'} /> miles</label>
      </fieldset>
      <div className="sb-row"><button type="submit">Save</button><button type="button" onClick={onClose}>Cancel</button></div>
    </form>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/app.css';
import { App } from './ui/App';
import { createBrowserPlanner } from './app/wiring';
import { segmentKeys } from './core/drive/drive';
import { ElevationService } from './app/elevation-service';
import { ScenicService } from './app/scenic-service';
import { RegionService } from './app/region-service';

const planner = createBrowserPlanner();
const elevation = new ElevationService();
const scenic = new ScenicService();
const region = new RegionService(planner, scenic);
elevation.onError = (message) => planner.notify('info', `Online elevation unavailable (${message}). Load SRTM .hgt files for offline elevation.`);
void planner.init();
// Exposed for the e2e test and for debugging from the console; not an API.
Object.assign(window, { __switchback: planner, __switchbackSegmentKeys: segmentKeys });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App planner={planner} elevation={elevation} scenic={scenic} region={region} />
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/app.css';
import { App } from './ui/App';
import { createBrowserPlanner } from './app/wiring';

const planner = createBrowserPlanner();
void planner.init();
// Exposed for the e2e test and for debugging from the console; not an API.
(window as unknown as { __switchback?: unknown }).__switchback = planner;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App planner={planner} />
  </StrictMode>,
);

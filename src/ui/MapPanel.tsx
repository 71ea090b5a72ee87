import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { ScenicService } from '../app/scenic-service';
import type { Planner, PlannerState } from '../app/planner';
import { PlannerMap } from '../map/planner-map';
import { AnalysisLayers } from '../map/analysis-layers';
import { ExtractBasemap } from '../map/extract-basemap';
import { CurvyRoadsLayer } from '../map/curvy-roads-layer';
import { waypointsAlongRoad, type RegionService } from '../app/region-service';
import type { HoverStore } from '../app/hover-store';
import type { SegmentRoute } from '../core/drive/segment-route';

/** Curve colouring only where the geometry follows roads: not for straight stand-ins. */
function scoredGeometry(route: SegmentRoute | undefined) {
  return route && route.madeBy !== 'straight' && !route.fallbackReason ? route.coords : undefined;
}

/** Mounts the MapLibre map once and pushes planner state into it on every change. */
export function MapPanel({ planner, state, hover, scenic, region, curvyMin, showCurvyRoads, showCurvature }: {
  planner: Planner; state: PlannerState; hover: HoverStore; scenic: ScenicService; region: RegionService; curvyMin: number; showCurvyRoads: boolean; showCurvature: boolean;
}) {
  const regionVersion = useSyncExternalStore(region.subscribe, () => region.version);
  const curvyRef = useRef<CurvyRoadsLayer | null>(null);
  const scenicVersion = useSyncExternalStore(scenic.subscribe, () => scenic.version);
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<PlannerMap | null>(null);
  const layersRef = useRef<AnalysisLayers | null>(null);
  const basemapRef = useRef<ExtractBasemap | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = new PlannerMap(container, planner.getState().settings.basemapStyleUrl, {
      onMapClick: (p) => planner.addWaypoint(p),
      onWaypointDrag: (id, p, final) => {
        planner.moveWaypoint(id, p, !final);
        if (final) planner.commitInteractive();
      },
      onWaypointSelect: (id) => planner.selectWaypoint(id),
      onLineDrag: (segmentIndex, p) => planner.insertWaypoint(segmentIndex + 1, p),
      onBasemapOffline: (reason) => planner.notify('warning', reason),
    });
    mapRef.current = map;
    const layers = new AnalysisLayers(map.map, { onHover: (d) => hover.set(d, 'map') });
    layersRef.current = layers;
    const basemap = new ExtractBasemap(map.map, () => map.isOffline);
    basemapRef.current = basemap;
    curvyRef.current = new CurvyRoadsLayer(map.map, (index) => {
      const f = region.curvyRoads.features[index];
      if (!f || !planner.getState().drive) return;
      planner.appendWaypoints(waypointsAlongRoad(f.geometry.coordinates, f.properties.length_m).positions, 'shaping');
    });
    const unsubscribeHover = hover.subscribe(() => {
      const h = hover.get();
      if (h.source !== 'map') layers.showAtDistance(h.distanceMeters);
    });
    (window as unknown as { __switchbackMap?: PlannerMap }).__switchbackMap = map;
    const onFly = (e: Event) => map.flyTo((e as CustomEvent<[number, number]>).detail);
    window.addEventListener('switchback:goto', onFly);
    return () => {
      unsubscribeHover();
      layersRef.current = null;
      window.removeEventListener('switchback:goto', onFly);
      map.destroy();
      mapRef.current = null;
    };
  }, [planner, hover, region]);

  useEffect(() => {
    mapRef.current?.render(state.drive, planner.getRoute, state.selectedWaypointId);
    layersRef.current?.render(planner.getAnalysis(), (key) => scoredGeometry(planner.getRoute(key)));
  }, [planner, state.drive, state.routesVersion, state.selectedWaypointId]);

  useEffect(() => {
    const analysis = planner.getAnalysis();
    const pois = scenic.poiSet;
    const near = analysis && pois ? scenic.pointsNear(analysis.line, 3000) : [];
    layersRef.current?.setPois(pois, near);
  }, [planner, scenic, scenicVersion, state.drive, state.routesVersion]);

  useEffect(() => {
    basemapRef.current?.setExtract(scenic.poiSet);
  }, [scenic, scenicVersion]);

  useEffect(() => {
    curvyRef.current?.setRoads(region.curvyRoads);
  }, [region, regionVersion]);

  useEffect(() => {
    curvyRef.current?.setMinCurvature(curvyMin);
    curvyRef.current?.setVisible(showCurvyRoads);
  }, [curvyMin, showCurvyRoads]);

  useEffect(() => {
    layersRef.current?.setVisible(showCurvature);
  }, [showCurvature]);

  useEffect(() => {
    const map = mapRef.current;
    if (map && state.ready) map.setBasemap(state.settings.basemapStyleUrl);
  }, [state.settings.basemapStyleUrl, state.ready]);

  useEffect(() => {
    mapRef.current?.setUnits(state.settings.distanceUnits);
    layersRef.current?.setUnits(state.settings.distanceUnits);
  }, [state.settings.distanceUnits]);

  // Frame a drive when it is opened (not on every edit).
  const driveId = state.drive?.id;
  useEffect(() => {
    const map = mapRef.current;
    const drive = planner.getState().drive;
    if (map && drive && drive.waypoints.length > 0) map.fitDrive(drive, planner.getRoute);
  }, [planner, driveId]);

  return <div ref={containerRef} className="sb-map" data-testid="map" />;
}

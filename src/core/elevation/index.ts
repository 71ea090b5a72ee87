/** Public surface of the elevation core: DEM sources, terrain-tile decoding, PMTiles, statistics. */
export * from './dem-source';
export * from './hgt-tile';
export * from './hgt-dem-source';
export * from './void-fill';
export * from './terrain-rgb';
export * from './web-mercator';
export * from './terrain-tile-source';
export * from './pmtiles-tile-id';
export * from './pmtiles-format';
export * from './pmtiles-archive';
export * from './elevation-stats';
export * from './elevation-profile';

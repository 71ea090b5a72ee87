/** Public surface of the drafts store (IndexedDB through Dexie). The UI imports from here only. */
export { DriveRepository, DEFAULT_ROUTE_GC_GRACE_MS } from './drive-repository';
export type { DriveSummary, DriveListing, DeleteToken, LoadedDrive, LoadedRoutes, DriveEdit, PurgeReport, DriveRepositoryOptions } from './drive-repository';
export { SwitchbackDb, DEFAULT_DB_NAME } from './db';
export { StorageError, QUOTA_MESSAGE, UNAVAILABLE_MESSAGE, OUTDATED_MESSAGE } from './storage-error';
export type { StorageErrorKind } from './storage-error';
export { driveDistanceMeters, referencedRouteKeys } from './records';
export type { CorruptRecord } from './records';
export type { Settings, SettingKey, DistanceUnits } from './settings';

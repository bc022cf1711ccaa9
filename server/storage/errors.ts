/**
 * Errors every storage implementation throws for the same situations, so that callers (the
 * sync server, the CLI) branch on `code` rather than on driver messages. Messages are zh-CN:
 * the CLI prints them to the administrator as they are.
 */
export type StorageErrorCode =
  /** `createReport` with an id that is taken. */
  | 'report-exists'
  /** A write to a report that does not exist. */
  | 'unknown-report'
  /** `compact` asked to fold more updates than are logged, or a malformed count. */
  | 'invalid-compaction'
  /** Any call after `close()`. */
  | 'closed'
  /** The database file is not a nianbao database, or is damaged. */
  | 'not-a-database'
  /** The database was written by a newer nianbao (its schema version is unknown here). */
  | 'unsupported-version'
  /** Another server holds the data folder. */
  | 'locked'
  /** A backup's destination exists already (backups never overwrite). */
  | 'backup-exists';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export function reportExistsError(id: string): StorageError {
  return new StorageError('report-exists', `年报 ${id} 已存在，不能重复创建`);
}

export function unknownReportError(id: string): StorageError {
  return new StorageError('unknown-report', `年报 ${id} 不存在`);
}

export function closedStorageError(): StorageError {
  return new StorageError('closed', '存储已关闭，不能再读写');
}

/** `updateCount` must be a whole number no larger than the logged updates it claims to fold in. */
export function checkCompactionCount(id: string, updateCount: number, pending: number): void {
  if (!Number.isSafeInteger(updateCount) || updateCount < 0) {
    throw new StorageError('invalid-compaction', `年报 ${id} 的压缩条数无效：${updateCount}`);
  }
  if (updateCount > pending) {
    throw new StorageError(
      'invalid-compaction',
      `年报 ${id} 只有 ${pending} 条待压缩的更新，不能压缩 ${updateCount} 条`,
    );
  }
}

import { describeReportStorageContract } from './test-support/storage-contract.ts';
import { MemoryStorage } from './memory.ts';

describeReportStorageContract('MemoryStorage', { persistent: false }, async () => {
  const storage = new MemoryStorage();
  return { storage, cleanup: () => storage.close() };
});

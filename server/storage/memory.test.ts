import { describeReportStorageContract } from './contract.ts';
import { MemoryStorage } from './memory.ts';

describeReportStorageContract('MemoryStorage', { persistent: false }, async () => {
  const storage = new MemoryStorage();
  return { storage, cleanup: () => storage.close() };
});

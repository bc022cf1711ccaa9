import { describeReportStorageContract } from './contract.ts';
import { MemoryStorage } from './memory.ts';

describeReportStorageContract('MemoryStorage', async () => {
  const storage = new MemoryStorage();
  return { storage, cleanup: () => storage.close() };
});

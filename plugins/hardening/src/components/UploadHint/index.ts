export { UploadHint, CommandBlock, useUploadCommand } from './UploadHint';
export type { UploadExample } from './uploadCommands';

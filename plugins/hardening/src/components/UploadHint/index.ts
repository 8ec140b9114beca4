export {
  UploadHint,
  CommandBlock,
  useApiBaseUrl,
  useUploadCommand,
} from './UploadHint';
export { cliUploadCommand } from './uploadCommands';
export type { UploadExample } from './uploadCommands';

/**
 * Hardening backend module that reads Visual Studio / `dotnet test` TRX files as test
 * reports.
 *
 * @packageDocumentation
 */
export { hardeningModuleTrx as default } from './module';
export { trxFormat } from './trxFormat';

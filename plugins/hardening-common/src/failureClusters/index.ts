export * from './failureClusters';

export { hardeningPlugin as default } from './plugin';

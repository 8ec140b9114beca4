export { parseJunitXml, type JunitParseOptions } from './junit/JunitParser';
export { parseCtrfJson, type CtrfParseOptions } from './ctrf/CtrfParser';

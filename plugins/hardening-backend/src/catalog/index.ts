export { catalogCredentials } from './catalogCredentials';
export { lowerRef, ownerOf, refOf } from './entityRefs';
export {
  descendantGroupRefs,
  MAX_GROUP_DEPTH,
  MAX_GROUP_TREE,
} from './groupDescendants';
export { groupRefSchema } from './groupRefSchema';

export { RequiredGatesNote } from './RequiredGatesNote';

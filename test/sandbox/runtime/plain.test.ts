import { registerCommonTests } from './common-cases.js';

registerCommonTests('plain');

import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadRiskEngineConfig } from './config';
import { startRiskEngine } from './create-app';

runMain('risk-engine', () => startRiskEngine(loadRiskEngineConfig(process.env)));

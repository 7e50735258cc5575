import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadGatewayConfig } from './config';
import { startGateway } from './create-app';

runMain('gateway', () => startGateway(loadGatewayConfig(process.env)));

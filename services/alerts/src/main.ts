import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadAlertsConfig } from './config';
import { startAlerts } from './create-app';

runMain('alerts', () => startAlerts(loadAlertsConfig(process.env)));

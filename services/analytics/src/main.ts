import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadAnalyticsConfig } from './config';
import { startAnalytics } from './create-app';

runMain('analytics', () => startAnalytics(loadAnalyticsConfig(process.env)));

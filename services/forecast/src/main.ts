import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadForecastConfig } from './config';
import { startForecast } from './create-app';

runMain('forecast', () => startForecast(loadForecastConfig(process.env)));

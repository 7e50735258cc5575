import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadIngestMarketConfig } from './config';
import { startIngestMarket } from './create-app';

runMain('ingest-market', () => startIngestMarket(loadIngestMarketConfig(process.env)));

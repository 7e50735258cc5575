import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';

runMain('ingest-chain', () => startIngestChain(loadIngestChainConfig(process.env)));

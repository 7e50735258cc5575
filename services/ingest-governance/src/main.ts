import 'reflect-metadata';
import { runMain } from '@pum/platform';
import { loadIngestGovernanceConfig } from './config';
import { startIngestGovernance } from './create-app';

runMain('ingest-governance', () => startIngestGovernance(loadIngestGovernanceConfig(process.env)));

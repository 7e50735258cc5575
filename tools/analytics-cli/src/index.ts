export * from './blocks-file';
export * from './cli';

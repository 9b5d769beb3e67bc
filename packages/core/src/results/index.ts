export * from './schema';
export * from './jsonl';
export * from './host';
export * from './crossover';

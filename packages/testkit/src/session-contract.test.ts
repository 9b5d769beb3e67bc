import { createReferenceBackend } from '@bench/core';
import { describeSessionContract } from './session-contract';

// The reference backend (core's session over the reference handler) meets the contract.
describeSessionContract('reference', () => createReferenceBackend());

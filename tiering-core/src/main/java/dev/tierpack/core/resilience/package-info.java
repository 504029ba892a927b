/**
 * Resilience4j building blocks shared by the tier and source decorators: circuit breaker and bulkhead settings,
 * the failures a breaker counts, and a byte-rate (bandwidth) limiter.
 */
package dev.tierpack.core.resilience;

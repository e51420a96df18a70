/**
 * What the ingestion server and the registry sidecar agree on (design §3 and §7): the local
 * protocol, the command-line conventions and the health endpoints. Depends on neither the Netty
 * server nor Redis.
 */
package com.fleetlink.protocol;

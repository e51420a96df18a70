/**
 * One copy of the helpers the tests of every module, and the benchmarks, share: {@link
 * com.fleetlink.testkit.Poll polling with a deadline}, {@link com.fleetlink.testkit.RedisServers Redis}
 * (a local {@link com.fleetlink.testkit.RedisServerProcess redis-server}, or a container where only Docker
 * is there; and a {@link com.fleetlink.testkit.RedisClusterProcess cluster}, with {@link
 * com.fleetlink.testkit.TlsFiles TLS files}), {@link com.fleetlink.testkit.ChildProcess child processes}
 * and {@link com.fleetlink.testkit.JavaProgram JVMs}, the {@link com.fleetlink.testkit.IngestionProcess
 * ingestion} and the {@link com.fleetlink.testkit.SidecarProcess sidecar} as processes and a {@link
 * com.fleetlink.testkit.Pod pod} of both, their {@link com.fleetlink.testkit.ControlClient control socket}
 * and {@link com.fleetlink.testkit.AdminEndpoint metrics}, and where the build put the {@link
 * com.fleetlink.testkit.Jars jars}. It depends on no module of the project, so a fix here reaches
 * every test; helpers that need one module's classes stay in that module.
 */
package com.fleetlink.testkit;

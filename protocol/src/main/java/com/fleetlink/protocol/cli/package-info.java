/** Command-line conventions shared by both commands: duration syntax and exit codes (design §7). */
package com.fleetlink.protocol.cli;

/**
 * Which socket currently speaks for each device (design §4 rule 5), and the single place where the
 * server decides to close a device's connection.
 */
package com.fleetlink.ingestion.session;

/**
 * The Teltonika TCP protocol as pure functions over bytes: CRC-16/IBM, the AVL codecs 8, 8 Extended
 * and 16, and Codec 12 command messages. Nothing here knows about sockets, sinks or the registry.
 *
 * @see <a href="https://wiki.teltonika-gps.com/view/Teltonika_Data_Sending_Protocols">Teltonika
 *     data sending protocols</a>
 */
package com.fleetlink.ingestion.teltonika;

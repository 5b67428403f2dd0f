package babynames.ranking.counting;

import babynames.events.BabyRegistered;

/** A valid registration read from Kafka, with the correlation id it travelled with. */
record IncomingRegistration(BabyRegistered event, String correlationId) {}

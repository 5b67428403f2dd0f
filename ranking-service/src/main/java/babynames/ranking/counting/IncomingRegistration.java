package babynames.ranking.counting;

import babynames.events.BabyRegistered;

/** A valid registration read from Kafka, with the correlation id it travelled with. */
public record IncomingRegistration(BabyRegistered event, String correlationId) {}

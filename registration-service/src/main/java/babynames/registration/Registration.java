package babynames.registration;

import babynames.events.Sex;

/** A registration that passed validation: a normalised name and a sex. */
record Registration(String name, Sex sex) {}

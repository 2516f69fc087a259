// The event-sourcing library: see issue 4.
public enum EventSourcing {}

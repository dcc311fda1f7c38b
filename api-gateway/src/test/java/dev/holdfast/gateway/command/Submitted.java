package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.Command;
import dev.holdfast.contracts.command.CommandType;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** What a controller handed a mocked {@link CommandPipeline}, for the tests of the features. */
public final class Submitted {

    private Submitted() {
    }

    /**
     * The command the controller submitted as {@code type}, made as the pipeline would make it; its event is the one
     * the controller named, as {@link CommandAdmission} requires.
     */
    public static <C extends Command> C command(CommandPipeline commands, CommandType type, Class<C> kind) {
        var eventId = ArgumentCaptor.forClass(Long.class);
        var newCommand = ArgumentCaptor.forClass(CommandPipeline.NewCommand.class);
        verify(commands).submit(any(), any(), eq(type), eventId.capture(), newCommand.capture(), any());
        UUID requestId = UUID.randomUUID();
        Command command = newCommand.getValue().with(requestId, Instant.now());
        assertThat(command.requestId()).isEqualTo(requestId);
        assertThat(command.eventId()).isEqualTo(eventId.getValue());
        return kind.cast(command);
    }

    /** That the controller submitted nothing. */
    public static void nothing(CommandPipeline commands) {
        verify(commands, never()).submit(any(), any(), any(), anyLong(), any(), any());
    }
}

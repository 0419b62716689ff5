package io.tracebook.kernel;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.InterruptReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * The replies jjava-jupyter 1.0-a6 sends without the {@code "status": "ok"} that messaging
 * protocol 5 requires in every reply (strict clients such as jupyter_kernel_test reject them).
 * Each subclass only adds the field; Gson serialises it with the rest.
 */
final class StatusReplies {

    private StatusReplies() {
    }

    @SuppressWarnings("unused") // read by Gson
    static final class KernelInfo extends KernelInfoReply {
        private final String status = "ok";

        KernelInfo(BaseKernel kernel) {
            super(Header.PROTOCOL_VERISON, kernel.getName(), kernel.getVersion(), kernel.getLanguageInfo(), kernel.getBanner(),
                    kernel.getHelpLinks());
        }
    }

    @SuppressWarnings("unused") // read by Gson
    static final class Interrupt extends InterruptReply {
        private final String status = "ok";
    }

    @SuppressWarnings("unused") // read by Gson
    static final class CommInfo extends CommInfoReply {
        private final String status = "ok";

        CommInfo(Map<String, CommInfoReply.CommInfo> comms) {
            super(comms);
        }
    }

    static void history(ShellReplyEnvironment env, HistoryManager history, HistoryRequest request) {
        env.setBusyDeferIdle();
        Set<ResultFlag> flags = EnumSet.noneOf(ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request) {
            case HistoryRequest.Tail tail -> history.lookupTail(tail.getMaxReturnLength(), flags);
            case HistoryRequest.Range range -> history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
            case HistoryRequest.Search search -> {
                if (search.filterUnique()) {
                    flags.add(ResultFlag.UNIQUE);
                }
                yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
            }
            default -> List.of();
        };
        // jjava-jupyter serialises HistoryReply's entries as objects; the protocol wants [session, line, input] arrays.
        List<List<Object>> rows = entries.stream()
                .map(e -> List.<Object>of(e.getSession(), e.getCellNumber(),
                        e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput()))
                .toList();
        replyWithBody(env, HistoryReply.MESSAGE_TYPE, Map.of("status", "ok", "history", rows));
    }

    /** A reply whose JSON content is {@code body} as is. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void replyWithBody(ShellReplyEnvironment env, MessageType<?> type, Map<String, Object> body) {
        env.reply(new Message(env.getContext(), type, body));
    }

    static void commInfo(ShellReplyEnvironment env, CommManager comms, CommInfoRequest request) {
        env.setBusyDeferIdle();
        Map<String, CommInfoReply.CommInfo> open = new LinkedHashMap<>();
        for (Comm comm : comms) {
            if (request.getTargetName() == null || request.getTargetName().equals(comm.getTargetName())) {
                open.put(comm.getID(), new CommInfoReply.CommInfo(comm.getTargetName()));
            }
        }
        env.reply(new CommInfo(open));
    }
}
